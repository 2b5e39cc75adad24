import Foundation

/// What one run of the `homeroom` executable did.
struct CommandRun {
    let status: Int32
    let out: String
    let err: String
}

/// The built `homeroom` next to the test bundle.
var homeroomExecutable: URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("homeroom").path) && dir.path != "/" {
        dir.deleteLastPathComponent()
    }
    return dir.appendingPathComponent("homeroom")
}

/// Runs `homeroom` with `arguments` as a district's scripts would, `input` on its standard input.
func runHomeroom(_ arguments: [String], input: String? = nil) throws -> CommandRun {
    let process = Process()
    process.executableURL = homeroomExecutable
    process.arguments = arguments
    process.environment = ["HOMEROOM_ROOT": packageRoot.path, "PATH": "/usr/bin:/bin"]
    let stdin = Pipe(), out = Pipe(), err = Pipe()
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandRun(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
}
