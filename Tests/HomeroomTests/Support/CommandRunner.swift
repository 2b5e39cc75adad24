import Foundation

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
    try ChildProcess.run(homeroomExecutable.path, arguments,
                         environment: ["HOMEROOM_ROOT": packageRoot.path, "PATH": "/usr/bin:/bin"], input: input)
}
