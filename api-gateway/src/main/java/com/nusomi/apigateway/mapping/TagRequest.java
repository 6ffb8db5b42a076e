package com.nusomi.apigateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.contracts.Limits;
import com.nusomi.contracts.avro.SessionTag;
import com.nusomi.contracts.avro.TagSession;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A session tag {@code {name, data?, t_ms?}}: in a create's {@code tags} (t_ms default 0) or
 * {@code POST /v1/sessions/{id}/tags} (t_ms default: ms since the session started, decided by the sealer).
 */
public record TagRequest(@NotBlank(message = "is required") @Size(max = Limits.TAG_NAME_MAX_CHARS) String name,
                         JsonNode data,
                         @PositiveOrZero Long tMs) {

    SessionTag toSessionTag() {
        return new SessionTag(name, dataJson(), tMs == null ? 0L : tMs);
    }

    public TagSession toCommand() {
        return new TagSession(name, dataJson(), tMs);
    }

    private String dataJson() {
        return data == null || data.isNull() ? null : data.toString();
    }
}
