import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(.csv, data, size)
}

runFuzzer(fuzzCSV)
