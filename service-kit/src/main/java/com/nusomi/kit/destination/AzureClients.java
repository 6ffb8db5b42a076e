package com.nusomi.kit.destination;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Azure Blob clients for azure_blob destinations: {@code https://<account>.blob.core.windows.net} (or
 * {@code nusomi.destination.azure-endpoint}, {@code {account}} replaced, e.g. an Azurite) with the installation's
 * shared key for the account ({@code nusomi.destination.azure-account-key}).
 */
@ApplicationScoped
public class AzureClients {
    private final DestinationConfig config;

    AzureClients(DestinationConfig config) {
        this.config = config;
    }

    public BlobContainerClient container(String account, String container) {
        String key = config.azureAccountKey().orElseThrow(() -> DestinationException.unusable(
                "azure_blob: this installation has no credentials for account " + account
                        + " (nusomi.destination.azure-account-key)"));
        String endpoint = config.azureEndpoint().map(e -> e.replace("{account}", account))
                .orElse("https://" + account + ".blob.core.windows.net");
        return new BlobServiceClientBuilder().endpoint(endpoint)
                .credential(new StorageSharedKeyCredential(account, key))
                .buildClient().getBlobContainerClient(container);
    }
}
