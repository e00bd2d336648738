import FuzzSupport
import GAISCommandForFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCommandLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzArguments(data, size)
}

runFuzzer(fuzzCommandLine)
