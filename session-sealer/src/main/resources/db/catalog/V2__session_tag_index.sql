-- GET /v1/sessions?tag=… (api-gateway) asks `tags @> '[{"name": …}]'`; a GIN index keeps that off a scan of the workspace.
CREATE INDEX sessions_tags ON sessions USING gin (tags jsonb_path_ops);
