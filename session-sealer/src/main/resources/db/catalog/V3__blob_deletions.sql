-- Images of deleted sessions, removed from the object store by the housekeeping round once the grace period has
-- passed and no frame (of any session or workspace) refers to them: images are content-addressed and shared, and
-- the grace covers an upload that found the blob present just before the delete and is not projected yet.
CREATE TABLE blob_deletions (
    bucket        text        NOT NULL,
    key           text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    PRIMARY KEY (bucket, key)
);
CREATE INDEX blob_deletions_by_age ON blob_deletions (requested_at);
CREATE INDEX frames_by_image ON frames (image_bucket, image_key);
