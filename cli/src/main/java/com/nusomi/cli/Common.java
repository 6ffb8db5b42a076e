package com.nusomi.cli;

import com.nusomi.sdk.LocalCredentials;
import com.nusomi.sdk.Nusomi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every API command takes: credentials, base URL, output format. */
public final class Common {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "API key (default: $NUSOMI_API_KEY, else the key in $NUSOMI_HOME/credentials.json)")
    String apiKey;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "API base URL (default: $NUSOMI_BASE_URL, else gateway_url of $NUSOMI_HOME/credentials.json, else https://api.nusomi.com)")
    String baseUrl;

    @Option(names = "--json", description = "print JSON instead of a table (for scripts)")
    boolean json;

    Context context() {
        return ((NusomiCli) mixee.root().userObject()).context();
    }

    /** A client with the workspace's key (or the operator key for {@code workspaces}). */
    Nusomi client(boolean operator) {
        Context ctx = context();
        Nusomi.Builder builder = Nusomi.builder().environment(ctx.env()).userAgent("nusomi-cli/" + com.nusomi.sdk.Version.VERSION);
        String key = apiKey;
        if (key == null && operator && blank(ctx.env().get("NUSOMI_API_KEY"))) {
            // the operator key of a local installation, as ./nusomi up wrote it
            LocalCredentials local = LocalCredentials.read(LocalCredentials.path(ctx.env())).orElse(null);
            if (local != null && local.operatorKey() != null) {
                key = local.operatorKey();
                if (baseUrl == null && blank(ctx.env().get("NUSOMI_BASE_URL"))) {
                    builder.baseUrl(local.gatewayUrl());
                }
            }
        }
        if (key != null) {
            builder.apiKey(key);
        }
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    Nusomi client() {
        return client(false);
    }

    Output output() {
        return new Output(context().out(), json);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
