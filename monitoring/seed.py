def seed_monitoring(ctx):
    return None
