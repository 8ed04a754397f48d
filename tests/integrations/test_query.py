"""The Autotask filter language: the builder's JSON, and the simulator's evaluation of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.integrations.autotask.query import ALL, Field, Query, all_of, any_of
from kbpilot.integrations.autotask.simulator.filter import FilterError, matches, validate
from kbpilot.integrations.autotask.simulator.schema import entity

TICKETS = entity("Tickets")
assert TICKETS is not None


def test_builder_writes_every_operator_and_nested_groups() -> None:
    query = Query.where(
        Field("companyID").eq(174),
        any_of(
            Field("status").noteq(5), all_of(Field("priority").in_([1, 2]), Field("title").exists())
        ),
        Field("createDate").gte(datetime(2024, 1, 2, 3, 4, 5)),
        Field("title").begins_with("Off"),
        Field("title").ends_with("er"),
        Field("title").contains("board"),
        Field("contactID").not_exists(),
        Field("queueID").not_in([1]),
        Field("priority").lt(4),
        Field("priority").lte(4),
        Field("priority").gt(0),
        max_records=10,
    ).fields(["title"])
    body = query.to_json()
    assert body["MaxRecords"] == 10
    assert body["IncludeFields"] == ["id", "title"]
    assert body["filter"][1] == {
        "op": "or",
        "items": [
            {"op": "noteq", "field": "status", "value": 5},
            {
                "op": "and",
                "items": [
                    {"op": "in", "field": "priority", "value": [1, 2]},
                    {"op": "exist", "field": "title"},
                ],
            },
        ],
    }
    assert body["filter"][2]["value"] == "2024-01-02T03:04:05"
    assert {item["op"] for item in body["filter"]} >= {
        "beginsWith",
        "endsWith",
        "notExist",
        "notIn",
    }
    validate(TICKETS, body["filter"])


def test_builder_refuses_what_the_api_refuses() -> None:
    with pytest.raises(ValueError, match="at least one condition"):
        Query(())
    with pytest.raises(ValueError, match="MaxRecords"):
        Query.where(Field("id").exists(), max_records=501)
    with pytest.raises(ValueError, match="one user-defined"):
        Query.where(Field("a", udf=True).eq(1), Field("b", udf=True).eq(2))
    with pytest.raises(ValueError, match="'or'"):
        Query.where(any_of(*(Field("id").eq(n) for n in range(501))))


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "filter is required"),
        ([{"op": "like", "field": "id", "value": 1}], "Invalid filter operator"),
        ([{"op": "eq", "field": "nope", "value": 1}], "Unable to find nope"),
        ([{"op": "in", "field": "id", "value": 1}], "list of values"),
        ([{"op": "or", "items": []}], "needs items"),
    ],
)
def test_simulator_refuses_malformed_filters(items: list[Any], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        validate(TICKETS, items)


def test_field_and_operator_names_are_case_insensitive() -> None:
    record = {"id": 1, "title": "Offboard Northwind", "priority": 2}
    assert matches(TICKETS, [{"op": "BEGINSWITH", "field": "TITLE", "value": "offboard"}], record)
    assert matches(TICKETS, ALL.to_json()["filter"], record)


conditions = st.one_of(
    st.tuples(st.sampled_from(["eq", "noteq", "gt", "gte", "lt", "lte"]), st.integers(0, 6)),
    st.tuples(st.sampled_from(["in", "notIn"]), st.lists(st.integers(0, 6), max_size=3)),
    st.tuples(st.sampled_from(["exist", "notExist"]), st.none()),
)


def _expected(op: str, value: Any, actual: int | None) -> bool:
    if op == "exist":
        return actual is not None
    if op == "notExist":
        return actual is None
    if op in ("in", "notIn"):
        return (actual in value) == (op == "in")
    if op in ("eq", "noteq"):
        return (actual == value) == (op == "eq")
    if actual is None:
        return False
    return {
        "gt": actual > value,
        "gte": actual >= value,
        "lt": actual < value,
        "lte": actual <= value,
    }[op]


def _condition(op: str, value: Any) -> Any:
    field = Field("priority")
    method = {
        "eq": field.eq,
        "noteq": field.noteq,
        "gt": field.gt,
        "gte": field.gte,
        "lt": field.lt,
        "lte": field.lte,
        "in": field.in_,
        "notIn": field.not_in,
    }.get(op)
    if method is not None:
        return method(value)
    return field.exists() if op == "exist" else field.not_exists()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(conditions, min_size=1, max_size=4),
    st.sampled_from(["and", "or"]),
    st.one_of(st.none(), st.integers(0, 6)),
)
def test_built_filters_select_what_they_say(
    parts: list[tuple[str, Any]], join: str, priority: int | None
) -> None:
    nodes = [_condition(op, value) for op, value in parts]
    group = all_of(*nodes) if join == "and" else any_of(*nodes)
    expected = [_expected(op, value, priority) for op, value in parts]
    want = all(expected) if join == "and" else any(expected)
    record = {"id": 1, "priority": priority}
    filter_json = Query.where(group).to_json()["filter"]
    validate(TICKETS, filter_json)
    assert matches(TICKETS, filter_json, record) is want
