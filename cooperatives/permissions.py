from odco.permissions import requires_roles
from odco.roles import Role

can_view_cooperative_list = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION)
can_view_cooperative = requires_roles(Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION, Role.COOPERATIVE)
