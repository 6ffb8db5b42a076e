package com.nusomi.kit.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void onlyHttpAndHttpsUrlsWithAHost() {
        assertTrue(WebhookTargets.shapeProblem("https://hooks.example.com/nusomi").isEmpty());
        assertTrue(WebhookTargets.shapeProblem("http://203.0.113.7:8080/x?y=1").isEmpty());
        assertTrue(WebhookTargets.shapeProblem("ftp://hooks.example.com/").isPresent());
        assertTrue(WebhookTargets.shapeProblem("hooks.example.com/x").isPresent());
        assertTrue(WebhookTargets.shapeProblem("https:///path").isPresent());
        assertTrue(WebhookTargets.shapeProblem("https://user:pw@hooks.example.com/").isPresent());
        assertTrue(WebhookTargets.shapeProblem("https://hooks.example.com/" + "a".repeat(2048)).isPresent());
    }

    @Test
    void internalAddressesAreRefusedUnlessAllowed() {
        for (String url : new String[] {"http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/", "http://192.168.0.10/",
                "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/", "http://0.0.0.0/",
                "http://100.64.0.1/", "http://[fd00::1]/"}) {
            assertTrue(WebhookTargets.addressProblem(url, false).isPresent(), url);
            assertTrue(WebhookTargets.addressProblem(url, true).isEmpty(), url);
        }
        assertTrue(WebhookTargets.addressProblem("http://203.0.113.7/", false).isEmpty());
        assertTrue(WebhookTargets.addressProblem("http://[2001:db8::1]/", false).isEmpty());
    }

    @Test
    void publicAddressesAreNotInternal() throws Exception {
        assertFalse(WebhookTargets.isInternal(InetAddress.getByName("8.8.8.8")));
        assertTrue(WebhookTargets.isInternal(InetAddress.getByName("::ffff:10.0.0.1")));
    }
}
