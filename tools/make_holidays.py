#!/usr/bin/env python3
"""Write a calendar of US holidays and bridge days for intformer's `holidays` option.

usage: python3 tools/make_holidays.py FIRST_YEAR LAST_YEAR > examples/us-holidays.csv

Kinds (one 0/1 date feature each):
  holiday  US federal holidays on which offices close (New Year's Day, Martin Luther King Jr. Day, Presidents' Day,
           Memorial Day, Independence Day, Labor Day, Thanksgiving, Christmas), plus their observed weekday when
           the day falls on a weekend;
  bridge   days around them that many people take off: the day after Thanksgiving, Christmas Eve, the day after
           Christmas and New Year's Eve.
Columbus Day and Veterans Day are left out: most offices and schools stay open.
"""
import datetime as dt
import sys


def nth_weekday(year, month, weekday, n):
    """The n-th weekday (0 = Monday) of a month; n = -1 is the last."""
    if n > 0:
        d = dt.date(year, month, 1)
        d += dt.timedelta((weekday - d.weekday()) % 7)
        return d + dt.timedelta(7 * (n - 1))
    d = (dt.date(year, month + 1, 1) if month < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(1)
    return d - dt.timedelta((d.weekday() - weekday) % 7)


def observed(d):
    return d - dt.timedelta(1) if d.weekday() == 5 else d + dt.timedelta(1) if d.weekday() == 6 else d


def days(year):
    out = []

    def fixed(month, day, name):
        d = dt.date(year, month, day)
        out.append((d, name, "holiday"))
        if observed(d) != d:
            out.append((observed(d), name + " (observed)", "holiday"))

    fixed(1, 1, "New Year's Day")
    out.append((nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day", "holiday"))
    out.append((nth_weekday(year, 2, 0, 3), "Presidents' Day", "holiday"))
    out.append((nth_weekday(year, 5, 0, -1), "Memorial Day", "holiday"))
    fixed(7, 4, "Independence Day")
    out.append((nth_weekday(year, 9, 0, 1), "Labor Day", "holiday"))
    thanksgiving = nth_weekday(year, 11, 3, 4)
    out.append((thanksgiving, "Thanksgiving Day", "holiday"))
    out.append((thanksgiving + dt.timedelta(1), "Day after Thanksgiving", "bridge"))
    out.append((dt.date(year, 12, 24), "Christmas Eve", "bridge"))
    fixed(12, 25, "Christmas Day")
    out.append((dt.date(year, 12, 26), "Day after Christmas", "bridge"))
    out.append((dt.date(year, 12, 31), "New Year's Eve", "bridge"))
    return out


def main():
    first, last = int(sys.argv[1]), int(sys.argv[2])
    print("date,name,kind")
    rows = sorted((d, n, k) for y in range(first, last + 1) for d, n, k in days(y))
    for d, name, kind in rows:
        print(f"{d.isoformat()},{name},{kind}")


if __name__ == "__main__":
    main()
