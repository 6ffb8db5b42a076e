package com.nusomi.shardwriter.support;

import com.nusomi.devstack.DevStackResource;

/** The devstack under the name this module's tests use; all the work (class loader included) is in devstack. */
public class DevStack extends DevStackResource {}
