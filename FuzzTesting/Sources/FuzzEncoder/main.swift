import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzEncoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(.encoder, data, size)
}

runFuzzer(fuzzEncoder)
