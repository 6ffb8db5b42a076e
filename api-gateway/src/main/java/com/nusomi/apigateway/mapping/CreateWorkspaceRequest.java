package com.nusomi.apigateway.mapping;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/workspaces {name}} (operator key). */
public record CreateWorkspaceRequest(@NotBlank(message = "is required") @Size(max = 200) String name) {}
