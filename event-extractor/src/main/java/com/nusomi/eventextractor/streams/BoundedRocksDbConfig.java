package com.nusomi.eventextractor.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Every RocksDB store of the process (two per task, twelve with six partitions) shares one small block cache that
 * also bounds the memtables, instead of each taking its own 50 MB cache and 3×16 MB of memtables.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {
    private static final long CACHE_BYTES = 16L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    static {
        RocksDB.loadLibrary();
    }

    private static final Cache CACHE = new LRUCache(CACHE_BYTES, -1, false, 0.1);
    private static final WriteBufferManager MEMTABLES = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        var table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        options.setWriteBufferManager(MEMTABLES);
        options.setWriteBufferSize(2L * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write buffer manager are shared by every store and live as long as the process
    }
}
