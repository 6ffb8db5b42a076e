package com.nusomi.sessionsealer.service;

import com.nusomi.sessionsealer.config.SessionSealerConfig;
import com.nusomi.sessionsealer.persistence.BlobDeletionRepository;
import com.nusomi.sessionsealer.persistence.BlobDeletionRepository.Blob;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Removes the images of deleted sessions (SPEC §3: deleting a session removes its blobs) once
 * {@code blob-deletion-grace} has passed and no frame refers to them any more; a shared image stays.
 */
@ApplicationScoped
public class BlobReaper {
    private static final Logger LOG = Logger.getLogger(BlobReaper.class);
    static final int BATCH = 100;

    private final Pool pool;
    private final BlobDeletionRepository deletions;
    private final S3Client s3;
    private final SessionSealerConfig config;

    BlobReaper(Pool pool, BlobDeletionRepository deletions, S3Client s3, SessionSealerConfig config) {
        this.pool = pool;
        this.deletions = deletions;
        this.s3 = s3;
        this.config = config;
    }

    /** One round: every due image, one at a time; a failure leaves it queued for the next round. */
    public Uni<Void> reap() {
        return deletions.due(pool, SessionCommandService.now().minus(config.blobDeletionGrace()), BATCH)
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndConcatenate(this::reap)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> reap(Blob blob) {
        return deletions.referenced(pool, blob).chain(referenced -> referenced
                ? deletions.forget(pool, blob)
                : Uni.createFrom().item(() -> s3.deleteObject(b -> b.bucket(blob.bucket()).key(blob.key())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .invoke(() -> LOG.debugf("deleted image %s/%s of a deleted session", blob.bucket(), blob.key()))
                        .chain(() -> deletions.forget(pool, blob)));
    }
}
