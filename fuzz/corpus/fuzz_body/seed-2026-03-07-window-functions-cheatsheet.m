---
title: SQL window functions cheatsheet
date: 2026-03-07
domain: SQL
relevance: high
tags:
- '#sql'
- '#window-functions'
status: evergreen
---

> A window function computes a value per row from a set of related rows, without collapsing them like GROUP BY does.

## Syntax
```sql
SELECT customer_id,
       placed_at,
       total,
       sum(total) OVER (PARTITION BY customer_id ORDER BY placed_at) AS running_total,
       row_number() OVER (PARTITION BY customer_id ORDER BY placed_at DESC) AS recency
FROM orders;
```

## The ones I actually use
- `row_number()`: latest row per group (`WHERE recency = 1` in an outer query).
- `lag(x) OVER (...)`: change since the previous row.
- `sum(x) OVER (... ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)`: seven-day moving sum.
- `ntile(4)`: quartiles for a quick distribution check.

## Portability
SQLite has supported window functions since 3.25, Postgres since 8.4. Frame clauses with `GROUPS` and `EXCLUDE` exist in both; older MySQL versions lack all of it. Differences that bit me are listed in [[2026-03-08-postgres-vs-sqlite-for-analytics]]. #sqlite #postgres
