"""Payments routes by resource: Stripe authorizations, checkout (pricing and placing), orders, attendees, tax."""
