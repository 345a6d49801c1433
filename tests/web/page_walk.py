"""Every page of the app, as URLs to open: each GET route, its parameters filled from ids of a
world; a route the walk cannot fill fails the test, so a new page is walked from the day it is
added. Used by the Vietnamese-words walk and the browser walk at both sizes."""
from __future__ import annotations

import pytest

# Not pages: files, feeds, health, static files.
NOT_PAGES = {"task_page.download", "calendar_feeds.feed", "exports.tasks_csv", "exports.tasks_xlsx",
             "target_exports.targets_csv", "target_exports.targets_xlsx", "health.health",
             "static_web.static", "static"}
# Pages only a token opens: walked with a token that is not valid (their refusal page).
BY_TOKEN = {"password_reset.reset", "links.unsubscribe", "task_link.open_task"}


def page_urls(app, tasks: list[str], plans: list[str], people: list[str], agencies: list[str]) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.rule.startswith("/api") or rule.endpoint in NOT_PAGES:
            continue
        if rule.endpoint in BY_TOKEN:
            urls.append(rule.rule.replace("<token>", "khong-hop-le"))
        elif not rule.arguments:
            urls.append(rule.rule)
        elif rule.arguments == {"task_id"}:
            urls += [rule.rule.replace("<task_id>", t) for t in tasks]
        elif rule.arguments == {"plan_id"}:
            urls += [rule.rule.replace("<plan_id>", p) for p in plans]
        elif rule.arguments == {"person_id"}:
            urls += [rule.rule.replace("<person_id>", p) for p in people]
        else:
            pytest.fail(f"the walk does not know how to open {rule.rule} ({rule.endpoint})")
    urls += ["/tim-kiem?q=y+t%E1%BA%BF", "/viec-cua-toi?xong=1", "/khong-co-trang-nay"]
    urls += [f"/tong-hop/qua-han?agency={a}" for a in agencies]
    return urls
