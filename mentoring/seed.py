def seed_mentoring(ctx):
    pass
