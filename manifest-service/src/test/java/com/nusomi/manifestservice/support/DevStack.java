package com.nusomi.manifestservice.support;

import com.nusomi.devstack.DevStackResource;
import java.util.Map;

/** The devstack plus the gateway's webhooks table, which this service reads (another service's migration). */
public class DevStack extends DevStackResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        GatewayWebhooksTable.ensure(config);
        return config;
    }
}
