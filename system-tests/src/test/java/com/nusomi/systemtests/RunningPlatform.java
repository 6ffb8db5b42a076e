package com.nusomi.systemtests;

import com.nusomi.devstack.DevStackSettings;
import com.nusomi.devstack.SharedStack;
import com.nusomi.devstack.internal.Ports;
import com.nusomi.devstack.launch.Credentials;
import com.nusomi.devstack.launch.NusomiService;
import com.nusomi.devstack.launch.Platform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole platform, once per test JVM: the devstack's real infrastructure plus the seven services started from
 * their built fast-jars on free ports, exactly as {@code ./nusomi up} starts them.
 */
public final class RunningPlatform implements ParameterResolver {

    /** What a test may use: the public gateway, the operator key, and the infrastructure a user can reach. */
    public record Handle(Platform platform, String operatorKey, DevStackSettings infra, S3Client s3) {
        public String gatewayUrl() {
            return platform.gatewayUrl();
        }

        public String s3Endpoint() {
            return infra.s3Endpoint();
        }
    }

    private static Handle handle;

    static synchronized Handle handle() {
        if (handle == null) {
            try {
                DevStackSettings infra = SharedStack.settings();
                Map<NusomiService, Integer> ports = freePorts();
                String operatorKey = Credentials.newOperatorKey();
                Path data = Files.createTempDirectory("nusomi-system-");
                Platform platform = Platform.start(Repo.root(), infra.asQuarkusConfig(), ports::get, operatorKey,
                        data.resolve("services"), Path.of("target", "service-logs").toAbsolutePath(), Duration.ofMinutes(4));
                S3Client s3 = S3Client.builder()
                        .endpointOverride(URI.create(infra.s3Endpoint()))
                        .region(Region.of(infra.s3Region()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(infra.s3AccessKey(), infra.s3SecretKey())))
                        .forcePathStyle(true)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
                handle = new Handle(platform, operatorKey, infra, s3);
                // services stop before the shared infrastructure's own shutdown hook runs its course
                Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "nusomi-system-tests-stop"));
            } catch (IOException e) {
                throw new IllegalStateException("the platform did not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return handle;
    }

    /**
     * A platform of its own (not the shared one) against {@code infra}: the seven services on fresh free ports, each
     * given {@code extraConfig} as well, logging to {@code target/service-logs-<label>}. For tests that kill services,
     * restart infrastructure or run a second instance of every service (same {@code operatorKey}); closing is theirs.
     */
    static Handle startOwn(DevStackSettings infra, Map<String, String> extraConfig, String operatorKey, String label)
            throws IOException, InterruptedException {
        Map<NusomiService, Integer> ports = freePorts();
        Map<String, String> config = new java.util.LinkedHashMap<>(infra.asQuarkusConfig());
        config.putAll(extraConfig);
        Path data = Files.createTempDirectory("nusomi-system-" + label + "-");
        Platform platform = Platform.start(Repo.root(), config, ports::get, operatorKey, data.resolve("services"),
                Path.of("target", "service-logs-" + label).toAbsolutePath(), Duration.ofMinutes(4));
        return new Handle(platform, operatorKey, infra, s3(infra));
    }

    static S3Client s3(DevStackSettings infra) {
        return S3Client.builder()
                .endpointOverride(URI.create(infra.s3Endpoint()))
                .region(Region.of(infra.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(infra.s3AccessKey(), infra.s3SecretKey())))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A distinct free port for each service, chosen together. */
    private static Map<NusomiService, Integer> freePorts() {
        NusomiService[] services = NusomiService.values();
        int[] free = Ports.free(services.length);
        Map<NusomiService, Integer> ports = new EnumMap<>(NusomiService.class);
        for (int i = 0; i < services.length; i++) {
            ports.put(services[i], free[i]);
        }
        return ports;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Handle running = handle();
        // stop the services when the test run ends, before the shared infrastructure goes at JVM exit
        context.getRoot().getStore(ExtensionContext.Namespace.create(RunningPlatform.class))
                .getOrComputeIfAbsent("platform", k -> (ExtensionContext.Store.CloseableResource) running.platform()::close);
        return running;
    }
}
