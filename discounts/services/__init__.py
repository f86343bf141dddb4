"""Discount and access code rules, by subject: `money` (rounding, what a code takes off),
`codes` (validating and saving codes, bulk generation), `apply` (applying a code to an order,
the service `payments` calls), `access` (access codes that unlock hidden tickets) and `export` (CSV).

Plain functions over models, callable from views, the admin, jobs, commands and tests alike;
they raise `eventyay.errors` domain errors, never HTTP ones.
"""
