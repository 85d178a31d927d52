-- One Stripe webhook delivery of a type the worker ignores (payment_intent.created,
-- charge.succeeded) as bare SQL: since finding 2 (bench/README.md) receiveStripeWebhook records it
-- in the inbox as already processed and queues no job. Two of the three deliveries per checkout.
-- Same 1.9 kB payload as webhook.sql.

SELECT 'evt_bench_' || replace(gen_random_uuid()::text, '-', '') AS event_id \gset

BEGIN;
INSERT INTO webhook_inbox (provider, event_id, type, received_at, processed_at, payload)
VALUES ('stripe', :event_id::text, 'charge.succeeded', default, now(),
        jsonb_set('{"id": "evt_3Aochi1wzlkD1RaOvw4z4wsJ", "data": {"object": {"id": "pi_32dmNFBU5yZ93bOQyzIOoIDu", "amount": 14400, "object": "payment_intent", "review": null, "source": null, "status": "requires_capture", "created": 1795539982, "currency": "usd", "customer": null, "livemode": false, "metadata": {"order_id": "8464a838-63ae-433d-8c31-1effc2f69196", "order_number": "DS-100001"}, "shipping": null, "processing": null, "application": null, "canceled_at": null, "description": "DotShop order DS-100001", "next_action": null, "on_behalf_of": null, "client_secret": "pi_32dmNFBU5yZ93bOQyzIOoIDu_secret_ZifxOz7V5jE2TSj7oF6PYBv2F", "latest_charge": "ch_32biMb1hxbfLI2wGb5yc25Eg", "receipt_email": null, "transfer_data": null, "amount_details": {"tip": {}}, "capture_method": "manual", "payment_method": "pm_3l27iwvaGcKXwa09HLcMHy6V", "payment_record": null, "transfer_group": null, "amount_received": 0, "customer_account": null, "managed_payments": null, "amount_capturable": 14400, "last_payment_error": null, "setup_future_usage": null, "cancellation_reason": null, "confirmation_method": "automatic", "payment_method_types": ["card"], "statement_descriptor": null, "application_fee_amount": null, "payment_method_options": {"card": {"network": null, "installments": null, "mandate_options": null, "request_three_d_secure": "automatic"}}, "automatic_payment_methods": {"enabled": true, "allow_redirects": "always"}, "statement_descriptor_suffix": null, "allowed_payment_method_types": null, "excluded_payment_method_types": null, "payment_method_configuration_details": {"id": "pmc_emulator_default", "parent": null}}}, "type": "payment_intent.amount_capturable_updated", "object": "event", "created": 1795539982, "request": {"id": "req_k27bmbEeMfrgak", "idempotency_key": "dotshop-order-8464a838-63ae-433d-8c31-1effc2f69196-authorize"}, "livemode": false, "api_version": "2026-10-28.endive", "pending_webhooks": 0}'::jsonb, '{id}', to_jsonb(:event_id::text)))
ON CONFLICT DO NOTHING RETURNING event_id;
COMMIT;
