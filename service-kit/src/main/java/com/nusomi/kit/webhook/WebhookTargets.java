package com.nusomi.kit.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which endpoint URLs may receive webhooks: http or https with a host, and, unless private targets are allowed, no
 * address that reaches inside the installation (loopback, private, link-local such as cloud metadata, CGNAT,
 * unique-local, unspecified, multicast). Checked at subscription and again before every request, since a name may
 * resolve differently later.
 */
public final class WebhookTargets {
    public static final int MAX_URL_LENGTH = 2048;

    private WebhookTargets() {}

    /** Why {@code url} cannot be a webhook endpoint (shape only: scheme, host, length), or empty when it can. */
    public static Optional<String> shapeProblem(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("url must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry credentials");
        }
        return Optional.empty();
    }

    /**
     * Why {@code url}'s host is not a permitted target, or empty. A name that does not resolve now is permitted (the
     * deliverer checks again when it sends).
     */
    public static Optional<String> addressProblem(String url, boolean allowPrivateTargets) {
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("url resolves to " + address.getHostAddress() + ", a private or loopback address; "
                        + "this installation does not deliver webhooks to internal addresses");
            }
        }
        return Optional.empty();
    }

    /** Addresses a public webhook must not reach. */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
