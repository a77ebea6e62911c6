def reconfigure(app, **conf):
    """Point the Celery app at another broker/backend, dropping its cached connections."""
    app.conf.update(conf)
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)
