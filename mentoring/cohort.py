"""Matching a whole cohort at once: as many laureates as possible, then the best total score.

The cohort is a flow problem: source → laureate (one place each) → mentor (an edge when the
mentor is near enough: province, region or neighbouring region; anywhere if remote mentors
are allowed) → sink (the mentor's free places). Successive shortest paths on the costs
(minus the score) give a maximum matching of minimum cost, so a laureate is never left out
to give another one a slightly better mentor, and no mentor gets more than their places.
Pure functions on facts (no database); the same input gives the same plan.
"""

from collections import deque
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .matching import LaureateFacts, Match, MentorFacts, rank


@dataclass(frozen=True)
class Unmatched:
    laureate: LaureateFacts
    reason: str


@dataclass(frozen=True)
class CohortPlan:
    pairs: list[tuple[LaureateFacts, Match]]
    unmatched: list[Unmatched]


class _Flow:
    def __init__(self, size: int):
        self.graph: list[list[list[int]]] = [[] for _ in range(size)]  # [to, capacity, cost, reverse index]

    def add(self, a: int, b: int, capacity: int, cost: int) -> None:
        self.graph[a].append([b, capacity, cost, len(self.graph[b])])
        self.graph[b].append([a, 0, -cost, len(self.graph[a]) - 1])

    def run(self, source: int, sink: int) -> None:
        """Augment one unit at a time along the cheapest path (SPFA handles negative costs)."""
        size = len(self.graph)
        while True:
            dist = [None] * size
            previous: list[tuple[int, int] | None] = [None] * size
            queued = [False] * size
            dist[source] = 0
            queue = deque([source])
            while queue:
                node = queue.popleft()
                queued[node] = False
                for index, (to, capacity, cost, _rev) in enumerate(self.graph[node]):
                    if capacity > 0 and (dist[to] is None or dist[node] + cost < dist[to]):
                        dist[to] = dist[node] + cost
                        previous[to] = (node, index)
                        if not queued[to]:
                            queued[to] = True
                            queue.append(to)
            if dist[sink] is None:
                return
            node = sink
            while node != source:
                parent, index = previous[node]
                edge = self.graph[parent][index]
                edge[1] -= 1
                self.graph[node][edge[3]][1] += 1
                node = parent


def plan_cohort(
    laureates: list[LaureateFacts],
    mentors: list[MentorFacts],
    *,
    weights: dict[str, int] | None = None,
    include_remote: bool = False,
) -> CohortPlan:
    """Propose one mentor per laureate within the mentors' free places (less open proposals)."""
    laureates = sorted(laureates, key=lambda f: f.pk)
    mentors = sorted(mentors, key=lambda f: f.pk)
    places = {m.pk: max(m.capacity - m.holding - m.proposed, 0) for m in mentors}
    ranked = {f.pk: rank(f, mentors, weights) for f in laureates}
    source, sink = 0, 1 + len(laureates) + len(mentors)
    mentor_node = {m.pk: 1 + len(laureates) + i for i, m in enumerate(mentors)}
    flow = _Flow(sink + 1)
    edges: dict[tuple[int, int], Match] = {}
    for i, laureate in enumerate(laureates):
        flow.add(source, 1 + i, 1, 0)
        for match in ranked[laureate.pk]:
            if match.territory == "remote" and not include_remote:
                continue
            if places[match.mentor.pk] <= 0:
                continue
            # Scores have one decimal: integer costs keep the arithmetic exact.
            flow.add(1 + i, mentor_node[match.mentor.pk], 1, -int(match.total * 10))
            edges[(1 + i, mentor_node[match.mentor.pk])] = match
    for mentor in mentors:
        if places[mentor.pk] > 0:
            flow.add(mentor_node[mentor.pk], sink, places[mentor.pk], 0)
    flow.run(source, sink)

    pairs, unmatched = [], []
    for i, laureate in enumerate(laureates):
        chosen = next(
            (
                edges[(1 + i, to)]
                for to, capacity, _cost, _rev in flow.graph[1 + i]
                if (1 + i, to) in edges and capacity == 0
            ),
            None,
        )
        if chosen is not None:
            pairs.append((laureate, chosen))
            continue
        near = [m for m in ranked[laureate.pk] if include_remote or m.territory != "remote"]
        if not mentors:
            reason = _("No mentor is available.")
        elif not near:
            reason = _("No available mentor works in or next to its region.")
        else:
            reason = _("The mentors near it have no free place left.")
        unmatched.append(Unmatched(laureate, reason))
    pairs.sort(key=lambda pair: (-pair[1].total, pair[0].pk))
    return CohortPlan(pairs=pairs, unmatched=unmatched)
