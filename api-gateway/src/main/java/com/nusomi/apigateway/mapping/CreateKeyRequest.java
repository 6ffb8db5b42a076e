package com.nusomi.apigateway.mapping;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/keys {name, scopes?}}; scopes default to {@code ["write"]}. */
public record CreateKeyRequest(
        @NotBlank(message = "is required") @Size(max = 200) String name,
        @Size(min = 1, message = "must name at least one of read, write, admin")
        List<@NotNull @Pattern(regexp = "read|write|admin", message = "must be one of read, write, admin") String> scopes) {}
