-- A disabled workspace's keys answer 403 workspace_disabled (POST /v1/workspaces/{id}/disable|enable, operator key).
ALTER TABLE workspaces ADD COLUMN disabled_at timestamptz;

-- The workspace's masking rules (SPEC §2 Masking; PUT /v1/masking-rules replaces the set). `password` is always on
-- and never stored here. A workspace without a row uses the default set (credit_card, email, ssn).
CREATE TABLE masking_rules (
    workspace_id  text        PRIMARY KEY REFERENCES workspaces (id),
    rules         jsonb       NOT NULL,            -- [{kind: credit_card|email|ssn|regex, pattern?}]
    updated_at    timestamptz NOT NULL
);
