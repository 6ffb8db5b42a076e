package com.nusomi.apigateway.service;

import com.github.f4b6a3.ulid.UlidCreator;
import com.nusomi.apigateway.config.GatewayConfig;
import com.nusomi.apigateway.service.IdempotencyClaim.Answered;
import com.nusomi.apigateway.service.IdempotencyClaim.Claimed;
import com.nusomi.apigateway.service.IdempotencyClaim.InFlight;
import com.nusomi.apigateway.service.IdempotencyClaim.Mismatch;
import com.nusomi.apigateway.service.IdempotencyClaim.Replay;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.UUID;

/**
 * {@code gateway.idempotency_keys}: insert-first claims under the primary key (atomic across gateway instances),
 * completed answers replayed until they expire. All times are the database's, so instances agree on expiry.
 */
@ApplicationScoped
public class IdempotencyStore {
    /**
     * Claims the key, or takes over a row whose 24 h are over, or an in-flight claim of the same request whose holder
     * went away (locked_until passed). Returns the claim token only when this call holds the claim.
     */
    private static final String CLAIM = """
            INSERT INTO gateway.idempotency_keys AS k (api_key_id, idempotency_key, method, path, request_sha256, state,
                                                       claim_token, created_at, locked_until, expires_at, id_seed)
            VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, now(), now() + $7 * interval '1 millisecond',
                    now() + $8 * interval '1 millisecond', $9)
            ON CONFLICT (api_key_id, idempotency_key) DO UPDATE SET
                id_seed = CASE WHEN k.expires_at <= now() OR k.id_seed IS NULL THEN EXCLUDED.id_seed ELSE k.id_seed END,
                method = EXCLUDED.method, path = EXCLUDED.path, request_sha256 = EXCLUDED.request_sha256,
                state = 'in_flight', claim_token = EXCLUDED.claim_token, status = NULL, content_type = NULL, body = NULL,
                created_at = EXCLUDED.created_at, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
            WHERE k.expires_at <= now()
               OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.method = EXCLUDED.method
                   AND k.path = EXCLUDED.path AND k.request_sha256 IS NOT DISTINCT FROM EXCLUDED.request_sha256)
            RETURNING claim_token, id_seed""";

    private final Pool pool;
    private final GatewayConfig.Idempotency config;

    @Inject
    IdempotencyStore(Pool pool, GatewayConfig config) {
        this(pool, config.idempotency());
    }

    /** Also for tests: a second store over the same table behaves like another gateway instance. */
    public IdempotencyStore(Pool pool, GatewayConfig.Idempotency config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<IdempotencyClaim> claim(IdempotencyRequest request) {
        return claim(request, 2);
    }

    private Uni<IdempotencyClaim> claim(IdempotencyRequest request, int attempts) {
        String token = UUID.randomUUID().toString();
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(Arrays.asList(request.apiKeyId(), request.key(), request.method(), request.path(),
                        request.bodySha256(), token, config.inFlightTimeout().toMillis(), config.window().toMillis(),
                        // random, not monotonic: a monotonic seed is the previous id + 1 within a millisecond, so the ids
                        // of two requests (seed, seed + 1, …) would overlap and the later ones be dropped as known
                        UlidCreator.getUlid().toString())))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item((IdempotencyClaim) new Claimed(token, rows.iterator().next().getString("id_seed")))
                        : existing(request).chain(found -> found != null || attempts <= 1
                                ? Uni.createFrom().item(found != null ? found : new InFlight())
                                // the row expired or was released between the two statements: claim again
                                : claim(request, attempts - 1)));
    }

    /** The live row holding the key, as a claim outcome; null when there is none (expired or released). */
    private Uni<IdempotencyClaim> existing(IdempotencyRequest request) {
        return pool.preparedQuery("SELECT method, path, request_sha256, state, status, content_type, body "
                        + "FROM gateway.idempotency_keys "
                        + "WHERE api_key_id = $1 AND idempotency_key = $2 AND expires_at > now()")
                .execute(Tuple.of(request.apiKeyId(), request.key()))
                .map(rows -> rows.size() == 0 ? null : outcome(request, rows.iterator().next()));
    }

    private static IdempotencyClaim outcome(IdempotencyRequest request, Row row) {
        String method = row.getString("method");
        String path = row.getString("path");
        String sha256 = row.getString("request_sha256");
        boolean completed = "completed".equals(row.getString("state"));
        if (!request.sameTargetAs(method, path)) {
            return new Mismatch(method, path);
        }
        if (request.bodySha256() == null || sha256 == null) {
            // a streamed request: its body (or the first one's, still in flight) is hashed only as it is read
            if (!completed) {
                return new InFlight();
            }
            return request.bodySha256() == null ? new Answered(sha256, replay(row)) : new Mismatch(method, path);
        }
        if (!request.bodySha256().equals(sha256)) {
            return new Mismatch(method, path);
        }
        return completed ? replay(row) : new InFlight();
    }

    private static Replay replay(Row row) {
        var body = row.getBuffer("body");
        return new Replay(row.getInteger("status"), row.getString("content_type"), body == null ? new byte[0] : body.getBytes());
    }

    /**
     * Stores the answer of the claim holder; later requests with the same key and body get it replayed. A streamed
     * request's body hash, known only now, is stored with it.
     */
    public Uni<Void> complete(IdempotencyRequest request, String token, int status, String contentType, byte[] sealedBody) {
        return pool.preparedQuery("UPDATE gateway.idempotency_keys SET state = 'completed', status = $4, "
                        + "content_type = $5, body = $6, locked_until = now(), "
                        + "request_sha256 = COALESCE(request_sha256, $7) "
                        + "WHERE api_key_id = $1 AND idempotency_key = $2 AND claim_token = $3")
                .execute(Tuple.from(Arrays.asList(request.apiKeyId(), request.key(), token, status, contentType,
                        Buffer.buffer(sealedBody), request.bodySha256())))
                .replaceWithVoid();
    }

    /**
     * Gives the claim up (the request failed with a 5xx): a retry of the same request takes it over at once and runs
     * again with the same id seed; the key stays bound to this request (another one with it gets 409) until it expires.
     */
    public Uni<Void> release(IdempotencyRequest request, String token) {
        return pool.preparedQuery("UPDATE gateway.idempotency_keys SET locked_until = now() - interval '1 millisecond' "
                        + "WHERE api_key_id = $1 AND idempotency_key = $2 AND claim_token = $3")
                .execute(Tuple.of(request.apiKeyId(), request.key(), token))
                .replaceWithVoid();
    }

    /** Deletes rows whose window is over; returns how many. */
    public Uni<Integer> purgeExpired() {
        return pool.query("DELETE FROM gateway.idempotency_keys WHERE expires_at <= now()")
                .execute()
                .map(rows -> rows.rowCount());
    }
}
