// Go runtime on the Linux personality: goroutines over several threads
// (GOMAXPROCS > 1), channels, sync, time.Sleep and timers, os/exec, and
// (argument "unix") a net.Listen("unix") echo server and client.
// Output is deterministic; compared with Linux.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func goroutines() {
	runtime.GOMAXPROCS(4)
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var counter int
	var atomicCounter int64
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				mu.Lock()
				counter++
				mu.Unlock()
				atomic.AddInt64(&atomicCounter, 1)
				if j%100 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println("goroutines: mutex", counter, "atomic", atomicCounter)
}

func channels() {
	jobs := make(chan int, 10)
	results := make(chan int)
	for w := 0; w < 8; w++ {
		go func() {
			for j := range jobs {
				results <- j * j
			}
		}()
	}
	go func() {
		for i := 1; i <= 500; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	sum := 0
	for i := 0; i < 500; i++ {
		sum += <-results
	}
	fmt.Println("channels: sum of squares 1..500 =", sum)

	select {
	case <-make(chan int):
		fmt.Println("impossible")
	case <-time.After(20 * time.Millisecond):
		fmt.Println("select: time.After fired")
	}
}

func sleeping() {
	start := time.Now()
	var wg sync.WaitGroup
	var order []int
	var mu sync.Mutex
	for _, ms := range []int{90, 15, 45} {
		wg.Add(1)
		go func(ms int) {
			defer wg.Done()
			time.Sleep(time.Duration(ms) * time.Millisecond)
			mu.Lock()
			order = append(order, ms)
			mu.Unlock()
		}(ms)
	}
	wg.Wait()
	fmt.Println("sleep: woke in order", order, "elapsed >= 90ms:", time.Since(start) >= 90*time.Millisecond)
	ticker := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	ticker.Stop()
	fmt.Println("ticker: 5 ticks")
}

func busy() {
	// CPU-bound goroutines: the runtime preempts them (SIGURG) so that the
	// short one finishes.
	var stop int32
	for i := 0; i < 6; i++ {
		go func() {
			for atomic.LoadInt32(&stop) == 0 {
			}
		}()
	}
	done := make(chan bool)
	go func() {
		time.Sleep(10 * time.Millisecond)
		done <- true
	}()
	<-done
	atomic.StoreInt32(&stop, 1)
	fmt.Println("busy goroutines: a sleeper still got to run")
}

func commands() {
	me, err := os.Executable()
	if err != nil {
		fmt.Println("executable:", err)
		return
	}
	out, err := exec.Command(me, "child", "a b").Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	fmt.Printf("os/exec: %q exit %d\n", out, code)
	cmd := exec.Command(me, "upper")
	cmd.Stdin = strings.NewReader("piped through a child\n")
	out, err = cmd.Output()
	fmt.Printf("os/exec piped: %q %v\n", out, err)
	_, err = exec.Command("/no/such/program").Output()
	fmt.Println("os/exec missing:", err != nil)
}

func unixSockets() {
	dir, err := os.MkdirTemp("", "gosock")
	if err != nil {
		fmt.Println("mkdirtemp:", err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "echo.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		fmt.Println("listen:", err)
		return
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte(strings.ToUpper(line)))
				}
			}(c)
		}
	}()
	var wg sync.WaitGroup
	replies := make([]string, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("unix", path)
			if err != nil {
				replies[i] = err.Error()
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			var got []string
			for k := 0; k < 3; k++ {
				fmt.Fprintf(c, "client %d line %d\n", i, k)
				line, _ := r.ReadString('\n')
				got = append(got, strings.TrimSpace(line))
			}
			replies[i] = strings.Join(got, "; ")
		}(i)
	}
	wg.Wait()
	ln.Close()
	sort.Strings(replies)
	for _, r := range replies {
		fmt.Println("unix echo:", r)
	}
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "child":
			fmt.Printf("child got %q\n", os.Args[2:])
			os.Exit(5)
		case "upper":
			s := bufio.NewScanner(os.Stdin)
			for s.Scan() {
				fmt.Println(strings.ToUpper(s.Text()))
			}
			return
		case "unix":
			unixSockets()
			return
		}
	}
	goroutines()
	channels()
	sleeping()
	busy()
	commands()
}
