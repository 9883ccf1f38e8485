console.log('walk-forward');
