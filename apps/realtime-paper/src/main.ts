console.log('realtime-paper');
