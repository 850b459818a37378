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
