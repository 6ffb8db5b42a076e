package com.nusomi.kit.destination;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google Cloud Storage clients for gcs destinations: the installation's application-default credentials, impersonating
 * the destination's {@code service_account} when one is given. A test replaces this bean with an in-process fake.
 */
@DefaultBean
@ApplicationScoped
public class GcsClients {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/devstorage.read_write");
    private final Map<String, Storage> clients = new ConcurrentHashMap<>();

    /** @param serviceAccount the account to impersonate, or null for the installation's own identity */
    public Storage storage(String serviceAccount) {
        return clients.computeIfAbsent(serviceAccount == null ? "" : serviceAccount, account -> {
            try {
                GoogleCredentials credentials = GoogleCredentials.getApplicationDefault();
                if (!account.isEmpty()) {
                    credentials = ImpersonatedCredentials.create(credentials, account, null, SCOPES, 3600);
                }
                return StorageOptions.newBuilder().setCredentials(credentials).build().getService();
            } catch (IOException e) {
                throw DestinationException.unusable("gcs: no Google credentials on this installation ("
                        + e.getMessage() + ")");
            }
        });
    }
}
