import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzKEEL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(.keel, data, size)
}

runFuzzer(fuzzKEEL)
