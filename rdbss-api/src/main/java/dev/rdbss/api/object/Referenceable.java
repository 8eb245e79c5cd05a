package dev.rdbss.api.object;

/**
 * The objects {@code RxReference} and {@code RxDereference} accept (spec §2.3, §11): SRV_CALL,
 * NET_ROOT, V_NET_ROOT, SRV_OPEN and FOBX. FCBs are counted through {@code referenceNetFcb} and
 * {@code dereferenceNetFcb} instead, so the type system refuses them here.
 */
public sealed interface Referenceable extends RxObject
    permits SrvCall, NetRoot, VNetRoot, SrvOpen, Fobx {}
