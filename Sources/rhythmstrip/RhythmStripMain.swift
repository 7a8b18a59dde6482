import RhythmStripCLI

@main
struct RhythmStripMain {
    static func main() {
        RhythmStripCommand.main()
    }
}
