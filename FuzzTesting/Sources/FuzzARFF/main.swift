import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzARFF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(.arff, data, size)
}

runFuzzer(fuzzARFF)
