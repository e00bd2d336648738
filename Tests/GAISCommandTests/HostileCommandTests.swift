import Foundation
import Testing
@testable import GAISCommand
#if canImport(Glibc)
import Glibc
#endif

/// Temporary files (`.NAME.tmp-XXXXXX`) left in a directory.
func temporaries(in directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.contains(".tmp-") }
}

/// A CSV of `rows` rows, 4 numeric features and 3 classes.
func numericCSV(rows: Int) -> String {
    var text = "a,b,c,d,class\n"
    text.reserveCapacity(rows * 24)
    for i in 0..<rows { text += "\(i % 97),\(i % 13).5,\(i % 7),\(i),k\(i % 3)\n" }
    return text
}

/// Outputs: checked before the work, never an input, committed together or not at all, with
/// the permissions users expect (issue 11, defects 7, 8, 9).
@Suite struct OutputSafetyTests {
    @Test func outputThatIsTheInputIsRefusedWhateverItsName() throws {
        let dir = try scratchDirectory()
        let input = try write(numericCSV(rows: 60), "in.csv", in: dir)
        let original = try String(contentsOfFile: input, encoding: .utf8)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        let hard = dir.appendingPathComponent("hard.csv").path
        try FileManager.default.linkItem(atPath: input, toPath: hard)
        for (option, output) in [("--output", input), ("--output", link), ("--output", hard),
                                 ("--indices", hard), ("--report", "\(dir.path)/./in.csv")] {
            let r = try gais(["select", input, "--method", "random", option, output])
            #expect(r.status == 64, "\(option) \(output): \(r.stderr)")
            #expect(r.stderr.contains("is the same file as the input"), "\(r.stderr)")
            #expect(r.stderr.contains("Usage: gais select"), "\(r.stderr)")
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
        for arguments in [["neighbors", input, "-k", "2", "--output", hard],
                          ["evaluate", input, "--folds", "3", "--json", link],
                          ["bench", input, "--methods", "random", "--folds", "2", "--csv", hard]] {
            let r = try gais(arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
        let twice = try gais(["select", input, "--method", "random", "--output", "\(dir.path)/o.csv",
                              "--indices", "\(dir.path)/./o.csv"])
        #expect(twice.status == 64 && twice.stderr.contains("is the same file as --output"), "\(twice.stderr)")
    }

    @Test func everyOutputIsCheckedBeforeTheWorkAndNoneIsLeftOnFailure() throws {
        let dir = try scratchDirectory()
        let input = try write(numericCSV(rows: 60), "in.csv", in: dir)
        let ok = dir.appendingPathComponent("ok.csv").path, idx = dir.appendingPathComponent("ok.idx").path
        let r = try gais(["select", input, "--method", "random", "--output", ok, "--indices", idx,
                          "--report", dir.appendingPathComponent("nodir/r.json").path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains("nodir/r.json"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ok) && !FileManager.default.fileExists(atPath: idx))
        let bench = try gais(["bench", input, "--methods", "random", "--folds", "2", "--json", ok,
                              "--html", dir.appendingPathComponent("nodir/r.html").path])
        #expect(bench.status == 1, "\(bench.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ok))
        #expect(temporaries(in: dir).isEmpty)
    }

    @Test func readOnlyDestinationsAndFullDevices() throws {
        let dir = try scratchDirectory()
        let input = try write(numericCSV(rows: 60), "in.csv", in: dir)
        let locked = try write("keep me\n", "locked.csv", in: dir)
        chmod(locked, 0o444)
        let r = try gais(["select", input, "--method", "random", "--output", locked])
        if getuid() != 0 {   // root may write anything
            #expect(r.status == 1 && r.stderr.contains("locked.csv") && r.stderr.contains("permission denied"), "\(r.stderr)")
            #expect(try String(contentsOfFile: locked, encoding: .utf8) == "keep me\n")
        }
        let sub = dir.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        chmod(sub.path, 0o555)
        defer { chmod(sub.path, 0o755) }
        if getuid() != 0 {
            let ro = try gais(["select", input, "--method", "random", "--indices", sub.appendingPathComponent("x.idx").path])
            #expect(ro.status == 1 && ro.stderr.contains("permission denied"), "\(ro.stderr)")
        }
        let full = try gais(["select", input, "--method", "random", "--output", "/dev/full"])
        #expect(full.status == 1 && full.stderr.contains("no space left on device"), "\(full.stderr)")
        let directory = try gais(["select", input, "--method", "random", "--output", dir.path])
        #expect(directory.status == 1 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        #expect(temporaries(in: dir).isEmpty)
    }

    @Test func permissionsFollowTheUmaskTheExistingModeAndSymlinks() throws {
        let dir = try scratchDirectory()
        let input = try write(numericCSV(rows: 60), "in.csv", in: dir)
        // A new file: 0666 minus the umask (the test runner's umask is inherited by gais).
        let old = umask(0o027)
        let fresh = dir.appendingPathComponent("fresh.csv").path
        let r = try gais(["select", input, "--method", "random", "--output", fresh])
        umask(old)
        #expect(r.status == 0)
        #expect(try mode(fresh) == 0o640)
        // An existing file keeps its mode.
        let existing = try write("old\n", "existing.csv", in: dir)
        chmod(existing, 0o600)
        #expect(try gais(["select", input, "--method", "random", "--output", existing]).status == 0)
        #expect(try mode(existing) == 0o600)
        #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("a,b,c,d,class\n"))
        // A symbolic link is written through to its target and stays a link.
        let target = try write("old\n", "target.csv", in: dir)
        chmod(target, 0o640)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.csv")
        #expect(try gais(["select", input, "--method", "random", "--indices", link]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 3)
        #expect(try mode(target) == 0o640)
        #expect(temporaries(in: dir).isEmpty)
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

/// Signals at every stage and inputs changing underneath (defects 5, 6, 17).
@Suite(.serialized) struct InterruptTests {
    /// Runs gais and sends `signal` after `delay` microseconds; returns (status, killed by signal, stderr).
    func runAndSignal(_ arguments: [String], signal: Int32, after delay: UInt32) throws -> (Int32, Bool) {
        let process = Process()
        process.executableURL = gaisBinary()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        usleep(delay)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    @Test func noTemporaryIsLeftWhateverTheMomentOfTheSignal() throws {
        let dir = try scratchDirectory()
        let input = try write(numericCSV(rows: 60_000), "in.csv", in: dir)
        let arguments = ["select", input, "--method", "random", "--keep-ratio", "1",
                         "--output", dir.appendingPathComponent("o.csv").path,
                         "--indices", dir.appendingPathComponent("o.idx").path,
                         "--report", dir.appendingPathComponent("r.json").path]
        // How long one run takes, to spread the signals over all of it.
        let start = DispatchTime.now().uptimeNanoseconds
        #expect(try gais(arguments).status == 0)
        let runMicros = UInt32(min(2_000_000, (DispatchTime.now().uptimeNanoseconds - start) / 1000))
        var generator = SystemRandomNumberGenerator()
        let signals: [(Int32, Int32)] = [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)]
        var byStatus: [Int32: Int] = [:]
        for run in 0..<200 {
            let (signal, expected) = signals[run % 3]
            let delay = UInt32.random(in: 0...(runMicros + runMicros / 4), using: &generator)
            let (status, killed) = try runAndSignal(arguments, signal: signal, after: delay)
            // Killed before the handler was installed (the first instant), finished, or interrupted.
            #expect(killed || status == 0 || status == expected, "run \(run): status \(status) after \(delay) µs")
            byStatus[killed ? -1 : status, default: 0] += 1
            let left = temporaries(in: dir)
            #expect(left.isEmpty, "run \(run): signal \(signal) after \(delay) µs left \(left)")
            for name in left { try? FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
        }
        #expect(byStatus[130, default: 0] + byStatus[143, default: 0] + byStatus[129, default: 0] > 20, "\(byStatus)")
    }

    @Test func inputShrinkingUnderneathIsAnErrorNotSIGBUS() throws {
        let dir = try scratchDirectory()
        let text = numericCSV(rows: 400_000)
        var outcomes: [Int32: Int] = [:]
        for run in 0..<12 {
            let input = try write(text, "in\(run).csv", in: dir)
            let process = Process()
            process.executableURL = gaisBinary()
            process.arguments = ["select", input, "--method", "random", "--output", dir.appendingPathComponent("o.csv").path]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(run) * 15_000)
            // At a line boundary: a file cut before gais reads it is a valid, shorter table.
            let cut = text.utf8.count / (2 + run % 3)
            let lineStart = text.utf8.prefix(cut).lastIndex(of: 10).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) + 1 } ?? 0
            truncate(input, off_t(lineStart))
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "run \(run): killed by signal \(process.terminationStatus)")
            #expect(process.terminationStatus == 0 || process.terminationStatus == 1, "run \(run)")
            if process.terminationStatus == 1 {
                #expect(message.contains("input changed"), "run \(run): \(message)")
                #expect(message.split(separator: "\n").count == 1)
            }
            outcomes[process.terminationStatus, default: 0] += 1
        }
        #expect(outcomes[1, default: 0] > 0, "\(outcomes)")
        #expect(temporaries(in: dir).isEmpty)
    }

    @Test func exitStatusesAreDocumented() throws {
        let help = try gais(["--help"])
        for status in ["0 success", "1 bad data", "64 usage", "130", "143"] {
            #expect(help.stdout.contains(status), "gais --help lacks \(status)")
        }
        let readme = try String(contentsOf: repositoryRoot().appendingPathComponent("README.md"), encoding: .utf8)
        for row in ["| 130 |", "| 143 |", "| 129 |"] { #expect(readme.contains(row), "README lacks \(row)") }
    }
}

/// Usage mistakes, messages and data that leave nothing to work on (defects 3, 13, 14, 17).
@Suite struct CommandMessageTests {
    @Test func allConstantFeaturesGiveSelectsMessageEverywhere() throws {
        let dir = try scratchDirectory()
        let input = try write("a,b,class\n1,2,x\n1,2,y\n1,2,x\n1,2,y\n1,2,x\n1,2,y\n", "constant.csv", in: dir)
        let expected = "error: \(input): every feature column is constant; nothing to select on\n"
        let out = dir.appendingPathComponent("out").path
        for arguments in [["select", input, "--method", "random"],
                          ["evaluate", input, "--folds", "2"],
                          ["evaluate", input, "--test", input],
                          ["bench", input, "--methods", "random", "--folds", "2"],
                          ["neighbors", input, "-k", "1", "--output", out]] {
            let r = try gais(arguments)
            #expect(r.status == 1, "\(arguments): \(r.status)")
            #expect(r.stderr == expected, "\(arguments): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func negativeValuesAsSeparateArguments() throws {
        let dir = try scratchDirectory()
        let input = try write("class,a,b\nx,1,2\ny,2,1\nx,1,3\ny,3,1\n", "first.csv", in: dir)
        let r = try gais(["info", input, "--label", "0"])
        let minusOne = try gais(["info", try write("a,b,class\n1,2,x\n2,1,y\n", "last.csv", in: dir), "--label", "-1"])
        #expect(r.status == 0 && minusOne.status == 0, "\(minusOne.stderr)")
        #expect(minusOne.stdout.contains("label 'class' (column 2)"))
        let reduction = try gais(["select", dataset("iris.csv"), "--method", "random", "--reduction", "-0"])
        #expect(reduction.status == 0, "\(reduction.stderr)")
        #expect(reduction.stdout.hasPrefix("random kept 150 of 150 rows"), "\(reduction.stdout)")
        let below = try gais(["select", dataset("iris.csv"), "--method", "random", "--reduction", "-0.5"])
        #expect(below.status == 64, "\(below.stderr)")
    }

    @Test func errorMessagesAreOneEscapedShortLine() throws {
        let dir = try scratchDirectory()
        let long = String(repeating: "z", count: 2_000_000)
        let longArgument = String(repeating: "z", count: 100_000)
        let input = try write("@relation r\n@attribute x real\n@attribute c {a,b}\n@data\n\"bad\nvalue\",a\n\(long),b\n",
                              "t.dat", in: dir)
        let r = try gais(["info", input])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr.prefix(300))")
        #expect(r.stderr.utf8.count < 600, "\(r.stderr.utf8.count) bytes")
        let huge = try write("a,class\n1,x\n\(long),y\n", "h.csv", in: dir)
        let h = try gais(["select", huge, "--method", "random", "--label", longArgument + "\nq"])
        #expect(h.status == 1 && h.stderr.split(separator: "\n").count == 1 && h.stderr.utf8.count < 2000, "\(h.stderr.prefix(200))")
    }

    @Test func usageMistakesFoundFromTheDataExit64() throws {
        let dir = try scratchDirectory()
        let libsvm = try write("1 1:2\n2 1:3\n", "t.libsvm", in: dir)
        let label = try gais(["select", libsvm, "--label", "0"])
        #expect(label.status == 64 && label.stderr.contains("--label does not apply to LIBSVM"), "\(label.stderr)")
        let folds = try gais(["evaluate", dataset("iris.csv"), "--folds", "151"])
        #expect(folds.status == 64 && folds.stderr.contains("--folds"), "\(folds.stderr)")
        let benchFolds = try gais(["bench", dataset("iris.csv"), "--methods", "random", "--folds", "151"])
        #expect(benchFolds.status == 64 && benchFolds.stderr.contains("--folds"), "\(benchFolds.stderr)")
    }
}

@Suite struct GenerateValidationTests {
    @Test func badSizesAndNumbersExit64AndLeaveNothing() throws {
        let dir = try scratchDirectory()
        let out = dir.appendingPathComponent("g.csv").path
        for extra in [["--class-separation", "nan"], ["--class-separation", "inf"], ["--rows", "9223372036854775807"],
                      ["--features", "100000"], ["--classes", "9223372036854775807"], ["--label-noise", "nan"],
                      ["--class-weights", "1e308,1e308"]] {
            var arguments = ["generate", "--rows", "100", "--features", "4", "--output", out]
            arguments += extra
            let r = try gais(arguments)
            #expect(r.status == 64, "\(extra): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("Usage: gais generate"), "\(extra): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(temporaries(in: dir).isEmpty)
        let wide = try gais(["generate", "--rows", "50", "--features", "20000", "--informative", "10", "--redundant", "0",
                             "--output", out])
        #expect(wide.status == 0, "\(wide.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 51 && lines[1].split(separator: ",").count == 20_001)
    }
}

/// Replays the kept inputs of the FuzzArguments target (FuzzTesting/Corpus/arguments/) through
/// the same parse-and-validate function, without libFuzzer.
@Suite struct ArgumentCorpusReplayTests {
    @Test func everyKeptCommandLineParsesOrFailsCleanly() throws {
        let directory = repositoryRoot().appendingPathComponent("FuzzTesting/Corpus/arguments")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count >= 4)
        for name in names {
            parseFuzzedArguments(try [UInt8](Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    @Test func negativeNumbersAreJoinedToTheirOption() {
        #expect(normalizedArguments(["select", "x", "--label", "-1", "--reduction", "-0", "--seed", "-x", "--", "--a", "-2"])
                == ["select", "x", "--label=-1", "--reduction=-0", "--seed", "-x", "--", "--a", "-2"])
    }
}
