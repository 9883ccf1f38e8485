console.log('research');
