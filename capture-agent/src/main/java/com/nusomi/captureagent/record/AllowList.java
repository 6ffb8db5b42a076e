package com.nusomi.captureagent.record;

import java.net.URI;
import java.util.List;

/** The domains a recording may capture (SPEC §9: only allow-listed domains); empty = every domain. */
public record AllowList(List<String> domains) {
    public AllowList {
        domains = List.copyOf(domains);
    }

    /** An http(s) page whose host is a listed domain or one of its subdomains. */
    public boolean allows(String url) {
        try {
            URI uri = URI.create(url);
            String host = uri.getHost();
            if (host == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            return domains.isEmpty() || domains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A URL without query and fragment: they may carry tokens or personal data. */
    public static String strip(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }
}
