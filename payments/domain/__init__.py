"""The sale, by subject: `cart` (what a buyer asks for and the ticket rules), `stock` (what is left,
under row locks), `pricing` (amounts and tax), `orders` (price and place an order), `lifecycle`
(complete, place, cancel, refund, expire), `attendees` (holders' answers, check-in), `statistics`,
`stripe_payments` (PaymentIntents and refunds on the connected account) and `stripe_webhooks` (Stripe's events).

Plain functions callable from views, the admin, jobs, commands and tests; they raise
`eventyay.errors` domain errors. Discount codes are applied through `discounts.services.apply`.
"""
