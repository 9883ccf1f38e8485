console.log('campaign');
