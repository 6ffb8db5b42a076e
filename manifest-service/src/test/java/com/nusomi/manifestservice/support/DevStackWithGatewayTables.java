package com.nusomi.manifestservice.support;

import com.nusomi.devstack.DevStackResource;
import java.util.Map;

/** The devstack plus the gateway's tables this service reads (another service's migrations). */
public class DevStackWithGatewayTables extends DevStackResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        GatewayTables.ensure(config);
        return config;
    }
}
