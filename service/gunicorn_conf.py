"""gunicorn's settings for dondoc: ``gunicorn -c python:service.gunicorn_conf -w 4
'service.app:create_app()'``. Each worker, once forked and its app loaded, compiles what its
first pages would otherwise compile while someone waits (``service.web.warm_up``)."""


def post_worker_init(worker) -> None:
    from service.web.warm_up import warm_up

    warm_up(worker.wsgi)
