import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzLIBSVM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(.libsvm, data, size)
}

runFuzzer(fuzzLIBSVM)
