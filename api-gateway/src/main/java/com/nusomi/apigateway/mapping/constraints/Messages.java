package com.nusomi.apigateway.mapping.constraints;

/** Violation messages built from data: escaped so Bean Validation does not interpolate them. */
final class Messages {
    private Messages() {}

    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
