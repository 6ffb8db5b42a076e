-- Retention of webhook deliveries (WebhookRetention): finished deliveries are found by age, and an event is deleted
-- once no delivery refers to it.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
