//go:build race

package analysis

// raceOn shortens the long randomized tests under the race detector,
// which runs them ten times slower; they run in full without it.
const raceOn = true
