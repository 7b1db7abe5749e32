//go:build !race

package analysis

const raceOn = false
