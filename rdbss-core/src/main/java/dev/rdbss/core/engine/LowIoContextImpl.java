package dev.rdbss.core.engine;

import dev.rdbss.api.spi.LowIoContext;
import dev.rdbss.api.spi.LowIoOperation;
import dev.rdbss.api.spi.LowIoParameters;

/** {@code RxContext->LowIoContext} (spec §5.2 "Low I/O"). */
record LowIoContextImpl(LowIoOperation operation, LowIoParameters parameters, long resourceOwner)
    implements LowIoContext {}
