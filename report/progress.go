package report

import (
	"fmt"
	"io"
	"strings"
)

// Progress reports done out of total for the work named label. On a terminal it redraws
// one progress bar in place each time the percentage changes and removes it when the work
// is done; otherwise it writes a plain line at each quarter.
func (c *Console) Progress(label string, done, total int) {
	if total <= 0 {
		return
	}
	done = min(max(done, 0), total)
	label = safe(label)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tty {
		c.progressBar(label, done, total)
		return
	}
	c.progressLine(label, done, total)
}

// progressBar redraws the terminal's progress bar when the percentage changed.
func (c *Console) progressBar(label string, done, total int) {
	pct := done * 100 / total
	if last, ok := c.steps[label]; ok && last == pct && done < total {
		return
	}
	c.steps[label] = pct
	c.clearBar()
	c.bar = ""
	if done < total {
		filled := done * c.barWidth / total
		c.bar = fmt.Sprintf("%s [%s%s] %d/%d %d%%", label, strings.Repeat("=", filled),
			strings.Repeat(" ", c.barWidth-filled), done, total, pct)
	} else {
		delete(c.steps, label)
	}
	c.drawBar()
}

// progressLine writes a plain line when the work reaches a new quarter.
func (c *Console) progressLine(label string, done, total int) {
	quarter := done * 4 / total
	if quarter == 0 || quarter <= c.steps[label] {
		return
	}
	c.steps[label] = quarter
	if done == total {
		delete(c.steps, label)
	}
	_, _ = fmt.Fprintf(c.w, "      %s: %d/%d (%d%%)\n", label, done, total, done*100/total)
}

// clearBar erases the progress bar from the terminal line.
func (c *Console) clearBar() {
	if c.tty && c.bar != "" {
		_, _ = io.WriteString(c.w, "\r\x1b[K")
	}
}

// drawBar draws the progress bar on the terminal line, without a newline.
func (c *Console) drawBar() {
	if c.tty && c.bar != "" {
		_, _ = io.WriteString(c.w, c.bar)
	}
}
