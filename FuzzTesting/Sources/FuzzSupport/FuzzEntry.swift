import CLibFuzzer
import GAISCore
#if canImport(Glibc)
import Glibc
#endif

/// The body of every reader target's callback: one thread (inputs are small, and a single
/// thread keeps runs reproducible), and any broken invariant is a crash, so libFuzzer keeps
/// the input.
public func fuzzOne(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try FuzzChecks.run(target, bytes)
    } catch {
        fatalError("invariant broken (\(target.rawValue)): \(error.description)")
    }
    return 0
}

/// Hands the process to libFuzzer's driver with `callback` as the fuzz function.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
